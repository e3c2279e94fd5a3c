export default async function(event, { log, fetch }) {
  if (event.event == "purchase" && event.properties?.products?.length > 0) {
    let results = []
    for (const product of event.properties.products) {
      results.push({
        event_type: "purchase",
        product_id: product.id,
        price: product.price
      })
    }
    return results
  }
}
