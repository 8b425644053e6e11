/**
 * File-based discovery ({@code file_sd_configs}): JSON/YAML target-group files matched by a glob, watched
 * and periodically re-read.
 */
package io.promethium.discovery.file;
