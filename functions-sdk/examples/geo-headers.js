// Keeps where a visitor is and which page sent them, using what the server knows about the
// request: ctx.geo (when the server has a MaxMind database) and ctx.headers. Only the country,
// region and city are kept, not the coordinates; events from countries in props.blockedCountries
// are dropped.
export default async function geoHeaders(event, { geo, headers, props }) {
  const country = geo?.country?.code;
  if (country && (props.blockedCountries ?? []).includes(country)) {
    return "drop";
  }
  event.context = {
    ...event.context,
    geo: geo ? { country, eu: geo.country?.isEU ?? false, region: geo.region?.code, city: geo.city?.name } : undefined,
    referrer: event.context?.referrer ?? (headers["referer"] ? { url: headers["referer"] } : undefined),
    locale: event.context?.locale ?? headers["accept-language"]?.split(",")[0],
  };
  return event;
}
