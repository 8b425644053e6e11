/**
 * The command line: Prometheus 2.x server flags parsed kingpin-style ({@link
 * io.promethium.server.cli.FlagParser}) into {@link io.promethium.server.cli.Flags}, the {@code --help}
 * text, and the {@code check config} subcommand ({@link io.promethium.server.cli.ConfigCheck}).
 */
package io.promethium.server.cli;
