-- Sliding-window rate limit per workspace, counting events, in one atomic step.
-- KEYS[1] = rate:{workspace_id}   (a hash: w = window index, c = events in it, p = events in the
--                                  previous window, d = UTC day index, dc = events that day)
-- ARGV    = events, burst, window_ms, per_day
-- Returns {allowed (1|0), retry_after_ms, reason (0 ok, 1 burst, 2 daily, 3 larger than a limit)}.
--
-- The window count is estimated as Cloudflare's sliding window does: the previous window's
-- events weighted by how much of it still overlaps the last window_ms, plus this window's.
-- Redis's clock (TIME) is used so every ingest process agrees on the windows.
local n = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local win = tonumber(ARGV[3])
local daily = tonumber(ARGV[4])
if n > burst or n > daily then
  return {0, 0, 3}
end

local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = math.floor(now / win)
local day = math.floor(now / 86400000)

local s = redis.call('HMGET', KEYS[1], 'w', 'c', 'p', 'd', 'dc')
local w = tonumber(s[1]) or window
local c = tonumber(s[2]) or 0
local p = tonumber(s[3]) or 0
if window == w + 1 then
  p = c
  c = 0
elseif window > w + 1 then
  p = 0
  c = 0
end
local dc = tonumber(s[5]) or 0
if (tonumber(s[4]) or day) ~= day then
  dc = 0
end

if dc + n > daily then
  return {0, 86400000 - (now % 86400000), 2}
end

local into = (now % win) / win
if p * (1 - into) + c + n > burst then
  local wait
  if c + n <= burst then
    -- wait until the previous window's weight has shrunk enough: p * (1 - x) <= burst - c - n
    local x = 1 - (burst - c - n) / p
    wait = (x - into) * win
  else
    -- wait for the next window, where this one becomes the weighted previous one
    local x = 1 - (burst - n) / c
    if x < 0 then x = 0 end
    wait = (1 - into) * win + x * win
  end
  wait = math.ceil(wait)
  if wait < 1 then wait = 1 end
  return {0, wait, 1}
end

redis.call('HSET', KEYS[1], 'w', window, 'c', c + n, 'p', p, 'd', day, 'dc', dc + n)
redis.call('PEXPIRE', KEYS[1], 86400000 - (now % 86400000) + 2 * win)
return {1, 0, 0}
