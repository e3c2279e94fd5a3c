package io.cdp.server.bulker.schema;

import io.cdp.server.bulker.read.Row;

/**
 * A row that can never be written as it is, and why: a {@code DeadLetter.Reasons} code, the
 * offending column when one is to blame, and a sentence for people.
 */
public record RowRejection(Row row, String reason, String field, String message) {
}
