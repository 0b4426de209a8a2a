-- wrk script: every request is a block_actions interaction signed exactly as Slack signs it
-- (X-Slack-Signature = v0=HMAC-SHA256(secret, "v0:{ts}:{raw body}")), with a unique trigger_id so
-- the bot's deduplication never short-circuits a request. The signature is computed here, per
-- request, in Lua: SHA-256 state after the constant prefix ("v0:{ts}:" + the body up to the
-- trigger id, and the HMAC key pads) is computed once per thread, so each request costs only the
-- last few compression rounds. The timestamp is wrk's start time, well inside Slack's 5 minutes.
-- Settings come from the environment: SLACK_SIGNING_SECRET, ACTION_ID (default brief.accept).
local bit = require("bit")
local band, bor, bxor, bnot, rshift, lshift, ror, tobit, tohex =
  bit.band, bit.bor, bit.bxor, bit.bnot, bit.rshift, bit.lshift, bit.ror, bit.tobit, bit.tohex

local K = {
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
}
local IV = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 }
local W = {}

-- One 64-byte block of s starting at byte off+1 into state H (in place).
local function compress(H, s, off)
  for i = 0, 15 do
    local a, b, c, d = s:byte(off + i * 4 + 1, off + i * 4 + 4)
    W[i] = bor(lshift(a, 24), lshift(b, 16), lshift(c, 8), d)
  end
  for i = 16, 63 do
    local w15, w2 = W[i - 15], W[i - 2]
    local s0 = bxor(ror(w15, 7), ror(w15, 18), rshift(w15, 3))
    local s1 = bxor(ror(w2, 17), ror(w2, 19), rshift(w2, 10))
    W[i] = tobit(W[i - 16] + s0 + W[i - 7] + s1)
  end
  local a, b, c, d, e, f, g, h = H[1], H[2], H[3], H[4], H[5], H[6], H[7], H[8]
  for i = 0, 63 do
    local S1 = bxor(ror(e, 6), ror(e, 11), ror(e, 25))
    local ch = bxor(band(e, f), band(bnot(e), g))
    local t1 = tobit(h + S1 + ch + K[i + 1] + W[i])
    local S0 = bxor(ror(a, 2), ror(a, 13), ror(a, 22))
    local maj = bxor(band(a, b), band(a, c), band(b, c))
    h, g, f, e, d, c, b, a = g, f, e, tobit(d + t1), c, b, a, tobit(t1 + S0 + maj)
  end
  H[1], H[2], H[3], H[4] = tobit(H[1] + a), tobit(H[2] + b), tobit(H[3] + c), tobit(H[4] + d)
  H[5], H[6], H[7], H[8] = tobit(H[5] + e), tobit(H[6] + f), tobit(H[7] + g), tobit(H[8] + h)
end

local function copy(H) return { H[1], H[2], H[3], H[4], H[5], H[6], H[7], H[8] } end

-- Finishes a hash whose state H has consumed `done` bytes, with the remaining bytes `tail`.
local function finish(H, tail, done)
  local total = done + #tail
  local zeros = (55 - total) % 64
  local bits = total * 8
  local msg = tail .. "\128" .. string.rep("\0", zeros) .. "\0\0\0" ..
    string.char(band(math.floor(bits / 4294967296), 255)) ..
    string.char(band(rshift(bits, 24), 255), band(rshift(bits, 16), 255), band(rshift(bits, 8), 255), band(bits, 255))
  for off = 0, #msg - 1, 64 do compress(H, msg, off) end
  return H
end

local function bytes(H)
  local out = {}
  for i = 1, 8 do
    local v = H[i]
    out[i] = string.char(band(rshift(v, 24), 255), band(rshift(v, 16), 255), band(rshift(v, 8), 255), band(v, 255))
  end
  return table.concat(out)
end

local function hex(H)
  local out = {}
  for i = 1, 8 do out[i] = tohex(H[i], 8) end
  return table.concat(out)
end

local function urlencode(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", c:byte()) end))
end

local secret = os.getenv("SLACK_SIGNING_SECRET") or "load-run-signing-secret"
local actionId = os.getenv("ACTION_ID") or "brief.accept"
local timestamp = tostring(os.time())

-- The body: payload=<JSON>, the trigger id last so everything before it is a constant prefix.
local json = '{"type":"block_actions","user":{"id":"U0LOAD","username":"load","name":"load","team_id":"T0LOAD"},' ..
  '"api_app_id":"A0LOAD","token":"unused","container":{"type":"message","message_ts":"1762092000.000100","channel_id":"C0LOAD","is_ephemeral":false},' ..
  '"team":{"id":"T0LOAD","domain":"load"},"channel":{"id":"C0LOAD","name":"cs-briefs"},' ..
  '"response_url":"https://hooks.example/actions/T0LOAD/1/x",' ..
  '"actions":[{"action_id":"' .. actionId .. '","block_id":"actions","text":{"type":"plain_text","text":"Accept","emoji":true},' ..
  '"value":"HO-LOAD01|","style":"primary","type":"button","action_ts":"1762092000.000200"}],"trigger_id":"'
local bodyPrefix = "payload=" .. urlencode(json)
local bodySuffix = urlencode('"}')

local key = secret
if #key > 64 then error("signing secrets longer than 64 bytes are not supported here") end
key = key .. string.rep("\0", 64 - #key)
local ipad, opad = {}, {}
for i = 1, 64 do
  local k = key:byte(i)
  ipad[i] = string.char(bxor(k, 0x36))
  opad[i] = string.char(bxor(k, 0x5c))
end
local innerBase = copy(IV); compress(innerBase, table.concat(ipad), 0)
local outerBase = copy(IV); compress(outerBase, table.concat(opad), 0)

-- Midstate over the whole 64-byte blocks of "v0:{ts}:" + body prefix.
local signedPrefix = "v0:" .. timestamp .. ":" .. bodyPrefix
local whole = #signedPrefix - #signedPrefix % 64
local innerMid = copy(innerBase)
for off = 0, whole - 64, 64 do compress(innerMid, signedPrefix, off) end
local prefixTail = signedPrefix:sub(whole + 1)

threadId = 0 -- global: setup() sets it per thread
local counter = 0
local threads = {}

function setup(thread)
  thread:set("threadId", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  wrk.headers["X-Slack-Request-Timestamp"] = timestamp
end

function request()
  counter = counter + 1
  local trigger = threadId .. "." .. counter .. "." .. timestamp .. ".load"
  local tail = trigger .. bodySuffix
  local inner = finish(copy(innerMid), prefixTail .. tail, 64 + whole)
  local mac = finish(copy(outerBase), bytes(inner), 64)
  wrk.headers["X-Slack-Signature"] = "v0=" .. hex(mac)
  return wrk.format(nil, nil, nil, bodyPrefix .. tail)
end

-- Self-check against a known HMAC-SHA256 vector (RFC 4231 test case 2) before any load.
do
  local k = "Jefe" .. string.rep("\0", 60)
  local ip, op = {}, {}
  for i = 1, 64 do ip[i] = string.char(bxor(k:byte(i), 0x36)); op[i] = string.char(bxor(k:byte(i), 0x5c)) end
  local h = copy(IV); compress(h, table.concat(ip), 0)
  local inner = finish(h, "what do ya want for nothing?", 64)
  local o = copy(IV); compress(o, table.concat(op), 0)
  local got = hex(finish(o, bytes(inner), 64))
  assert(got == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", "HMAC self-check failed: " .. got)
end
