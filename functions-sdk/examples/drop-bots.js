// Drops traffic from crawlers and monitoring bots before it reaches the warehouse.
// ctx.ua is the parsed User-Agent (ctx.ua.bot is true for known robots); the regular expression
// catches the tools that do not announce themselves as robots.
const BOT_PATTERN = /bot|crawler|spider|crawling|headless|uptime|pingdom|lighthouse/i;

export default async function dropBots(event, { ua, log }) {
  const agent = event.context?.userAgent ?? "";
  if (ua?.bot || BOT_PATTERN.test(agent)) {
    log.debug(`dropping bot event from "${agent}"`);
    return "drop";
  }
  return event;
}
