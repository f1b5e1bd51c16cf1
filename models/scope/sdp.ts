/**
 * libwebrtc (in @roamhq/wrtc) refuses an answer in which an RTX stream of an `a=ssrc-group:FID` has no
 * `msid`, and aiortc (Scope's WebRTC stack) writes its RTX SSRCs with a cname only. This adds to each such
 * RTX SSRC the msid of the stream it repeats (or the m-section's `a=msid`), so the answer is accepted.
 */
export function patchAnswerSdp(sdp: string): string {
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  const lines = sdp.split(eol);
  const out: string[] = [];
  // m-sections one at a time: the session part first, then each "m=" line and what follows it
  let section: string[] = [];
  const flush = () => {
    out.push(...patchSection(section));
    section = [];
  };
  for (const line of lines) {
    if (line.startsWith('m=')) flush();
    section.push(line);
  }
  flush();
  return out.join(eol);
}

function patchSection(lines: string[]): string[] {
  const msidOf = new Map<string, string>();
  let mediaMsid: string | undefined;
  for (const l of lines) {
    const m = /^a=ssrc:(\d+) msid:(.+)$/.exec(l);
    if (m) msidOf.set(m[1]!, m[2]!);
    const a = /^a=msid:(.+)$/.exec(l);
    if (a) mediaMsid = a[1]!;
  }
  const add = new Map<string, string>();
  for (const l of lines) {
    const g = /^a=ssrc-group:FID (\d+) (\d+)/.exec(l);
    if (!g) continue;
    const [, primary, rtx] = g as unknown as [string, string, string];
    const msid = msidOf.get(primary) ?? mediaMsid;
    if (msid && !msidOf.has(rtx)) add.set(rtx, msid);
  }
  if (!add.size) return lines;
  const out: string[] = [];
  const done = new Set<string>();
  lines.forEach((l, i) => {
    out.push(l);
    const s = /^a=ssrc:(\d+) /.exec(l)?.[1];
    // after the last a=ssrc line of an RTX stream that needs one
    if (s && add.has(s) && !done.has(s) && !lines.slice(i + 1).some((n) => n.startsWith(`a=ssrc:${s} `))) {
      out.push(`a=ssrc:${s} msid:${add.get(s)!}`);
      done.add(s);
    }
  });
  // an RTX stream named only in its group gets its msid line after the m-section's last line
  for (const [s, msid] of add)
    if (!done.has(s)) out.splice(out.length - (out.at(-1) === '' ? 1 : 0), 0, `a=ssrc:${s} msid:${msid}`);
  return out;
}
