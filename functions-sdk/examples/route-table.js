// Routes events to their own tables: orders to "orders", page views to "pages", identifies to
// "users"; everything else stays in the default "events" table. JITSU_TABLE_NAME is read (and
// removed from the row) by the rotor; the bulker creates the table on first use.
const TABLES = { "Order Completed": "orders", page: "pages", identify: "users" };

export default async function routeToTable(event) {
  const table = TABLES[event.event] ?? TABLES[event.type];
  if (table) {
    event.JITSU_TABLE_NAME = table;
  }
  return event;
}
