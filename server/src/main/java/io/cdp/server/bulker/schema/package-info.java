/**
 * What a destination table looks like and how a batch changes it: the columns as last read
 * ({@link io.cdp.server.bulker.TableSchemas}), each destination's types ({@link
 * io.cdp.server.bulker.schema.TypeMapping}), and the pure planning of a batch against a table
 * ({@link io.cdp.server.bulker.schema.SchemaPlanner}): which columns to add, which rows to reject.
 *
 * <p>Uses rows ({@code bulker.read}) and the bulker's {@code Destination} contract; never
 * stitching.
 */
package io.cdp.server.bulker.schema;
