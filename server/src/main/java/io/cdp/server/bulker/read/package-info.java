/**
 * The bulker's reading machinery: from a message of {@code events.processed} to a {@link
 * io.cdp.server.bulker.read.Row} in one pass over its bytes ({@link
 * io.cdp.server.bulker.read.RowReader}, on several threads with {@link
 * io.cdp.server.bulker.read.ParallelRowReader}), and the {@link
 * io.cdp.server.bulker.read.BaseColumns} every row and table has.
 *
 * <p>Depends on nothing else in the bulker, so every other part of it can use rows.
 */
package io.cdp.server.bulker.read;
