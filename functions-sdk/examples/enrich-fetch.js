// Adds company data to identify events from an HTTP API, keyed by the email's domain.
// props.apiUrl names the service (its host must be on the fetch allow-list); answers are kept in
// ctx.store for a day so a busy domain costs one request, not one per event.
// A failing service does not lose the event: the event is retried later (RetryError).
import { RetryError } from "@jitsu/functions-lib";

export default async function enrichCompany(event, { fetch, store, props, log }) {
  const email = event.traits?.email;
  if (event.type !== "identify" || !email || !props?.apiUrl) {
    return; // undefined: the event passes unchanged
  }
  const domain = email.split("@")[1];
  let company = await store.get(`company:${domain}`);
  if (company === undefined) {
    const response = await fetch(`${props.apiUrl}/company?domain=${encodeURIComponent(domain)}`);
    if (response.status >= 500) {
      throw new RetryError(`company service answered ${response.status}`);
    }
    company = response.ok ? await response.json() : null;
    await store.set(`company:${domain}`, company, "1d");
    log.info(`looked up ${domain}`, { found: company !== null });
  }
  if (company) {
    event.traits.company = { name: company.name, employees: company.employees };
  }
  return event;
}
