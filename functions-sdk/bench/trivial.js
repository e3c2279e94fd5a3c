// Benchmark function 1 of 3: the least a function can do (mark the event and pass it on).
// What it measures is the runtime's own cost per event: JSON in, call, JSON out.
export default async function trivial(event) {
  event.seen = true;
  return event;
}
