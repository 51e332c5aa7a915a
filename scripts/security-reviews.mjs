// The electronegativity findings a person reviewed (scripts/security-scan.mjs fails on any other).

/**
 * Findings a person reviewed, each keyed to the code it is about: the check, the file and the flagged code itself
 * (electronegativity's sample, whitespace collapsed). Another call of the same kind, or a change to the reviewed code,
 * is a new finding and fails the scan until someone reviews it and adds it here with the reason it is safe. An entry
 * covers one occurrence: the same line pasted elsewhere is not reviewed by it.
 */
export const REVIEWED = [
  {
    check: 'PRELOAD_JS_CHECK',
    file: 'main/window-options.ts',
    code: 'preload: options.preloadPath,',
    reason:
      'the sandboxed preload exposes one function per contract command and a typed subscribe, never ipcRenderer or the IPC event (test/unit/common/contract.test.ts)',
  },
  {
    check: 'CSP_GLOBAL_CHECK',
    file: 'renderer/index.html',
    code: "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'",
    reason:
      "the evaluator's only remark is script-src 'self' (a risk with JSONP or user uploads); Kiln's origin serves only its own built renderer, and the kiln:// protocol sends the full policy as a header (test/unit/main/renderer-protocol.test.ts)",
  },
  {
    check: 'OPEN_EXTERNAL_JS_CHECK',
    file: 'main/main.ts',
    code: 'if (isKilnExternalLink(url) || isLaunchEndpointUrl(url, backend.launches.list())) void shell.openExternal(url);',
    reason:
      'shell.openExternal only receives URLs that pass isKilnExternalLink (https AWS hosts) or isLaunchEndpointUrl (endpoints Kiln built); both unit-tested',
  },
];

export const collapse = (text) =>
  String(text ?? '')
    .replace(/\s+/g, ' ')
    .trim();

/** Pairs each finding with the review of its code, each review used once; returns the findings with their review. */
export function matchReviews(issues, reviewed) {
  const unused = [...reviewed];
  const matched = issues.map((issue) => {
    const index = unused.findIndex(
      (r) => r.check === issue.id && r.file === issue.file && collapse(r.code) === collapse(issue.sample),
    );
    const review = index >= 0 ? unused.splice(index, 1)[0] : undefined;
    return { issue, review };
  });
  return { matched, stale: unused };
}
