/** A small strict JSON reader for the few JSON documents Promethium reads (meta.json, file SD, test responses). */
package io.promethium.core.json;
