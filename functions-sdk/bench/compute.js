// Benchmark function 3 of 3: compute-heavy. Derives a stable 32-bit fingerprint of the event
// by hashing its JSON text many times over (FNV-1a with extra mixing), then buckets the user for
// an A/B test. This is where a JIT compiler earns its keep.
function fnv1a(text, seed) {
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b) >>> 0;
  hash ^= hash >>> 13;
  return hash >>> 0;
}

export default async function compute(event) {
  const text = JSON.stringify(event);
  let fingerprint = 0;
  for (let round = 0; round < 64; round++) {
    fingerprint = fnv1a(text, fingerprint + round);
  }
  event.fingerprint = fingerprint.toString(16);
  event.ab_bucket = fingerprint % 2 === 0 ? "A" : "B";
  return event;
}
