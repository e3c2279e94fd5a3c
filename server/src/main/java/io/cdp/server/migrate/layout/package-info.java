/**
 * Moving stored events between the shared layout and the tenant layout (one table per workspace,
 * {@code TenantTables}), written once for ClickHouse and the PostgreSQL destination; run by the
 * {@code tables_per_workspace} migrations of the package above, never by the server.
 */
package io.cdp.server.migrate.layout;
