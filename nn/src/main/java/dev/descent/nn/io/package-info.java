/**
 * Weight files in the safetensors format ({@link dev.descent.nn.io.SafeTensors}), written atomically
 * ({@link dev.descent.nn.io.AtomicFile}) and read as untrusted input with a strict JSON reader
 * ({@link dev.descent.nn.io.Json}); every problem is a {@link dev.descent.nn.io.WeightFileException}. No Java
 * serialization is used anywhere.
 */
package dev.descent.nn.io;
