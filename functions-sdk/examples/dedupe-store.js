// Drops repeated orders: the first "Order Completed" for an order id passes, repeats within a
// week are dropped. The key lives in ctx.store (Redis in the server, scoped to the workspace).
export default async function dedupeOrders(event, { store, log }) {
  const orderId = event.properties?.order_id;
  if (event.event !== "Order Completed" || !orderId) {
    return event;
  }
  const first = await store.getOrSet(`order:${orderId}`, event.messageId, "7d");
  if (first !== event.messageId) {
    log.info(`order ${orderId} already recorded by ${first}`);
    return null;
  }
  return event;
}
