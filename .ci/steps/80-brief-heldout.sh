#!/usr/bin/env bash
# The AI brief on the held-out test split of tests/brief-corpus (public sources written by others,
# never used to tune a rule, weight or threshold): the offline extractor (int8 MiniLM embeddings + the
# trained classifier) must stay at or above the floor in docs/ai-brief.md, and every quote verbatim.
set -uo pipefail
cd "$(dirname "$0")/../.."
floor=0.34
if ! log=$(dotnet build bot/HandoffBot -v q -nologo 2>&1); then
  echo "FAIL brief-heldout-build: $(grep -m3 'error' <<<"$log" | tr '\n' ' ' | head -c 400)"
  exit 0
fi
out=$(dotnet bot/HandoffBot/bin/Debug/net10.0/HandoffBot.dll eval-brief tests/brief-corpus/test --floor "$floor" 2>&1)
rc=$?
micro=$(grep -E '^all \(micro\)' <<<"$out" | tr -s ' ')
if [ "$rc" -eq 0 ] && [ -n "$micro" ]; then
  echo "PASS brief-heldout-floor ($micro; floor $floor)"
else
  echo "FAIL brief-heldout-floor: exit $rc; $(tail -c 600 <<<"$out" | tr '\n' ' ')"
fi
if grep -q "; 0 quote(s) not verbatim in their file" <<<"$out"; then
  echo "PASS brief-heldout-verbatim"
else
  echo "FAIL brief-heldout-verbatim: $(head -1 <<<"$out")"
fi
