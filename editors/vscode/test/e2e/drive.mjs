// Drives code-server, with the claimcheck extension installed, from a
// headless Chromium: opens the draft, waits for the squiggles and the status
// bar's counts, reads the hover on a contradicted number, saves a screenshot
// of it, opens the claim's sources with the extension's command, and reads
// the Problems panel's codes.
//
// Usage: node drive.mjs URL WORKSPACE OUTPUT_DIR

import assert from "node:assert/strict";
import path from "node:path";

import { chromium } from "playwright-core";

const [url, workspace, outputDir] = process.argv.slice(2);
// Each wait is a guard against a hang, not a timing assertion: the
// workbench, the extension host and the server all start on first use.
const WAIT_MS = 120_000;

const EXPECTED_CODES = [
  "broken-citation",
  "contradicted-claim",
  "contradicted-date",
  "contradicted-number",
  "misattribution",
  "misquote",
  "unsupported-claim",
];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.setDefaultTimeout(WAIT_MS);
  await page.goto(`${url}/?folder=${encodeURIComponent(workspace)}`);

  // The explorer lists the workspace once the workbench is usable.
  const draftRow = page.locator(".explorer-folders-view .monaco-list-row", { hasText: "draft.md" });
  await draftRow.waitFor();
  await draftRow.click();
  await page.keyboard.press("Control+P");
  await page.locator(".quick-input-widget input").fill("draft.md");
  await page.keyboard.press("Enter");
  await page.locator(".tab.active", { hasText: "draft.md" }).waitFor();
  await page.locator(".view-lines", { hasText: "as many as 5 million accounts" }).waitFor();

  await page.locator(".view-overlays .squiggly-error").first().waitFor({ state: "attached" });
  console.log("squiggles shown");

  // The example has supported claims and problems both; the item shows zeros
  // until the client has the diagnostics and the claims.
  const status = page.locator(".statusbar-item", { hasText: /[1-9]\d* supported\s+[1-9]\d* flagged/ });
  await status.waitFor();
  console.log(`status bar: ${(await status.innerText()).replace(/\s+/g, " ").trim()}`);

  const number = await centreOf(page, "5 million");
  const hover = await hoverOver(page, number);
  for (const wanted of ["claimcheck: contradicted", "contradicted-number", "as many as 50 million users", "times-summary.txt"]) {
    assert.ok(hover.includes(wanted), `"${wanted}" is not in the hover:\n${hover}`);
  }
  console.log(`hover: ${hover.match(/claimcheck: [a-z]+/)[0]}, with the evidence from times-summary.txt`);
  // The hover fades in.
  await page.waitForTimeout(500);
  const screenshot = path.join(outputDir, "vscode-hover.png");
  await page.screenshot({ path: screenshot });
  console.log(`screenshot: ${screenshot}`);

  await page.keyboard.press("Escape");
  // "Show sources for claim" with the cursor on the number: the evidence in a peek view.
  await page.mouse.click(number.x, number.y);
  await runCommand(page, "claimcheck: Show sources for claim");
  const peek = page.locator(".peekview-widget", { hasText: "as many as 50 million users" });
  await peek.waitFor();
  assert.match(await peek.locator(".peekview-title").innerText(), /times-summary\.txt/);
  console.log("show sources: times-summary.txt in a peek view");
  await page.keyboard.press("Escape");

  await page.keyboard.press("Control+Shift+M");
  // The panel renders only the rows in view: scroll through it, collecting them.
  const panel = page.locator(".markers-panel");
  const rows = page.locator(".markers-panel .monaco-list-row");
  await rows.first().waitFor();
  const box = await panel.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const seen = new Set();
  const allSeen = () => EXPECTED_CODES.every((code) => [...seen].some((row) => row.includes(code)));
  const deadline = Date.now() + WAIT_MS;
  while (!allSeen()) {
    assert.ok(Date.now() < deadline, `not every code of ${EXPECTED_CODES} is in the Problems panel:\n${[...seen].join("\n")}`);
    for (const row of await rows.allInnerTexts()) {
      seen.add(row.replace(/\s+/g, " "));
    }
    await page.mouse.wheel(0, 44);
    // Let the list render the rows scrolled into view.
    await page.waitForTimeout(100);
  }
  console.log(`problems panel: ${[...seen].length} rows read, every expected code among them`);
} finally {
  await browser.close();
}

/** Runs a command from the command palette by its title. */
async function runCommand(page, title) {
  await page.keyboard.press("F1");
  await page.locator(".quick-input-widget input").fill(`>${title}`);
  await page.locator(".quick-input-list .monaco-list-row", { hasText: title }).first().waitFor();
  await page.keyboard.press("Enter");
}

/** The pixel centre of the first occurrence of `word` in the editor. */
async function centreOf(page, word) {
  const centre = await page.evaluate((word) => {
    for (const line of document.querySelectorAll(".monaco-editor .view-lines .view-line")) {
      // The line's text may be split across token spans; find the word in the
      // whole line, then map its offsets back to text nodes.
      const nodes = [];
      const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        nodes.push(node);
      }
      // The editor renders spaces as no-break spaces.
      const text = nodes.map((node) => node.textContent).join("").replace(/\u00a0/g, " ");
      const at = text.indexOf(word);
      if (at < 0) {
        continue;
      }
      const range = document.createRange();
      let offset = 0;
      for (const node of nodes) {
        const length = node.textContent.length;
        if (offset <= at && at < offset + length) {
          range.setStart(node, at - offset);
        }
        if (offset < at + word.length && at + word.length <= offset + length) {
          range.setEnd(node, at + word.length - offset);
        }
        offset += length;
      }
      const box = range.getBoundingClientRect();
      return { x: box.left + box.width / 2, y: box.top + box.height / 2 };
    }
    return null;
  }, word);
  assert.ok(centre, `"${word}" is not on screen`);
  return centre;
}

/** Moves the mouse onto `centre` and returns the text of the hover that
 * opens, once it has the server's answer. */
async function hoverOver(page, centre) {
  // The editor opens a hover on a mouse move onto the word, not on a mouse already there.
  await page.mouse.move(centre.x, centre.y + 200);
  await page.mouse.move(centre.x, centre.y, { steps: 5 });
  // The problem's own hover part can show before the server's hover answers:
  // wait for the server's verdict heading.
  const content = page.locator(".monaco-hover:not(.hidden) .monaco-hover-content", { hasText: /claimcheck: [a-z]+/ });
  await content.waitFor();
  return content.innerText();
}
