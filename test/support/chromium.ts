/** Debian's chromium package; .ci/run installs it. Playwright's own browser download cannot be fetched here. */
export const chromiumPath = '/usr/bin/chromium';

/**
 * Headless flags for this machine: without the background-networking ones Chromium keeps
 * dialling hosts a closed network refuses.
 */
export const chromiumFlags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
