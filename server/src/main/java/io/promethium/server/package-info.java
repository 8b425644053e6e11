/**
 * The server process: {@link io.promethium.server.Main} (the executable) and {@link io.promethium.server.Server}
 * (wiring and lifecycle of every module).
 */
package io.promethium.server;
