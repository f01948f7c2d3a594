package redisstore

import "github.com/redis/go-redis/v9"

// The scripts do the LimiterStore's atomic arithmetic on one hash a scope,
// at the server's TIME, and nothing else: the rate model is the Limiter's,
// in Go. Times are microseconds since the epoch, exact in Lua's doubles;
// the schedule's next slot and the interval keep fractions of a
// microsecond. Numbers are written with string.format, since Redis turns a
// Lua number into a string with only 14 digits.
//
// The hash's fields: v (the rate's version), iv (the slot interval, µs), d
// (the controller's state), nx (the next free slot), and the window: ws
// (its start), ok, thr, n, oka (successes after the first throttle), ft
// (the first throttle), w (waited), sk (skip); and pd, the pending slots.
const luaHead = `
local k = KEYS[1]
local function num(x) return string.format('%.17g', x) end
local function int(x) return string.format('%d', x) end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
-- close is LimiterStore.CloseWindow with its arguments from ARGV[b] on:
-- the version read, the new interval (µs) and data, then the snapshot's
-- start (0: none), successes, throttles, outcomes and waited, its end,
-- and the skip. It returns 1 when it closed, else 0.
local function close(b)
  local f = redis.call('HMGET', k, 'v', 'ws', 'ok', 'thr', 'n', 'oka', 'ft', 'w')
  local v, ws = tonumber(f[1]) or 0, tonumber(f[2]) or 0
  local sws = tonumber(ARGV[b + 3])
  if v ~= tonumber(ARGV[b]) or (sws ~= 0 and ws ~= sws) then return 0 end
  redis.call('HSET', k, 'v', int(v + 1), 'iv', ARGV[b + 1], 'd', ARGV[b + 2])
  if sws ~= 0 then
    local ok, thr, n, oka = tonumber(f[3]) or 0, tonumber(f[4]) or 0, tonumber(f[5]) or 0, tonumber(f[6]) or 0
    local ft, w = tonumber(f[7]) or 0, tonumber(f[8]) or 0
    local sok, sthr, sn, sw = tonumber(ARGV[b + 4]), tonumber(ARGV[b + 5]), tonumber(ARGV[b + 6]), tonumber(ARGV[b + 7])
    local e, skip = tonumber(ARGV[b + 8]), tonumber(ARGV[b + 9])
    local rok, rthr, rn = math.max(0, ok - sok), math.max(0, thr - sthr), math.max(0, n - sn)
    local roka, rft, sk = 0, 0, 0
    if skip > 0 then
      sk, rok, rthr, rn = math.max(0, skip - rn), 0, 0, 0
    elseif rthr > 0 and sthr > 0 then
      rft, roka = e, rok
    elseif rthr > 0 then
      rft, roka = ft, oka
    end
    redis.call('HSET', k, 'ws', int(e), 'ok', int(rok), 'thr', int(rthr), 'n', int(rn), 'oka', int(roka),
      'ft', int(rft), 'w', int(math.max(0, w - sw)), 'sk', int(sk))
  end
  return 1
end
`

// attemptScript is LimiterStore.Attempt. ARGV: the TTL in ms, reserve (1
// or 0), MaxWait in µs (0: any), the caller's version, then the report's
// successes, throttles, outcomes, successes after a throttle and reserved
// outcomes, and, when
// there are more, the arguments of a close to perform first (see close).
// It returns {now, reserved, wait, next, ws, ok, thr, n, oka, ft, w, sk,
// v, iv, d or false, closed, pd}.
var attemptScript = redis.NewScript(luaHead + `
local closed = 0
if #ARGV > 9 then closed = close(10) end
local f = redis.call('HMGET', k, 'v', 'iv', 'nx', 'ws', 'ok', 'thr', 'n', 'oka', 'ft', 'w', 'sk', 'pd')
local v, iv, nx, ws = tonumber(f[1]) or 0, tonumber(f[2]) or 0, tonumber(f[3]) or 0, tonumber(f[4]) or 0
local ok, thr, n, oka = tonumber(f[5]) or 0, tonumber(f[6]) or 0, tonumber(f[7]) or 0, tonumber(f[8]) or 0
local ft, w, sk = tonumber(f[9]) or 0, tonumber(f[10]) or 0, tonumber(f[11]) or 0
local rok, rthr, rn, roka = tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8])
local pd = math.max(0, (tonumber(f[12]) or 0) - tonumber(ARGV[9]))
if ws == 0 then ws = now end
if tonumber(ARGV[9]) == 0 and iv > 0 then
  -- unpaced outcomes, to a paced scope: left out
elseif sk > 0 then
  sk = math.max(0, sk - rn)
  if sk == 0 then ws, ok, thr, n, oka, ft = now, 0, 0, 0, 0, 0 end
else
  if thr > 0 then oka = oka + rok
  elseif rthr > 0 then ft, oka = now, oka + roka end
  ok, thr, n = ok + rok, thr + rthr, n + rn
end
local reserved, wait = 1, 0
if ARGV[2] == '1' and iv > 0 then
  local slot = math.max(nx, now)
  wait = slot - now
  if wait > 0 then w = w + 1 end
  local mw = tonumber(ARGV[3])
  if mw > 0 and wait > mw then reserved = 0 else nx = slot + iv end
end
if ARGV[2] == '1' and reserved == 1 then pd = pd + 1 end
redis.call('HSET', k, 'nx', num(nx), 'ws', int(ws), 'ok', int(ok), 'thr', int(thr), 'n', int(n),
  'oka', int(oka), 'ft', int(ft), 'w', int(w), 'sk', int(sk), 'pd', int(pd))
redis.call('PEXPIRE', k, ARGV[1])
local d = false
if v ~= tonumber(ARGV[4]) then d = redis.call('HGET', k, 'd') end
return {int(now), reserved, num(wait), num(nx), int(ws), int(ok), int(thr), int(n), int(oka), int(ft), int(w), int(sk), int(v), num(iv), d, closed, int(pd)}
`)

// closeScript is LimiterStore.CloseWindow. ARGV: the TTL in ms, then the
// arguments of close. It returns 1 when it closed, else 0.
var closeScript = redis.NewScript(luaHead + `
local closed = close(2)
if closed == 1 then redis.call('PEXPIRE', k, ARGV[1]) end
return closed
`)
