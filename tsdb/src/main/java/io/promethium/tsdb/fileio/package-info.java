/**
 * File access for the block files: {@link io.promethium.tsdb.fileio.MappedFile} maps a file read-only and
 * unmaps it on close; {@link io.promethium.tsdb.fileio.FileOps} is the narrow seam through which writers
 * create, sync, rename and delete, so tests can inject a failing file.
 */
package io.promethium.tsdb.fileio;
