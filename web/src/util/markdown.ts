import DOMPurify from "dompurify";
import { marked } from "marked";

// Markdown becomes HTML here and nowhere else. The app's CSP requires Trusted Types, so the only way HTML reaches the
// page is this policy, which passes marked's output through DOMPurify: no script, no handlers, no javascript: URLs,
// no forms or frames. Links open in a new tab without access to this one.

DOMPurify.addHook("afterSanitizeAttributes", (node) => {
  if (node.tagName === "A" && node.hasAttribute("href")) {
    node.setAttribute("target", "_blank");
    node.setAttribute("rel", "noopener noreferrer");
  }
});

const sanitise = (html: string) =>
  DOMPurify.sanitize(html, { USE_PROFILES: { html: true }, FORBID_TAGS: ["style", "form", "input", "button", "iframe"], FORBID_ATTR: ["style"] });

type Policy = { createHTML(input: string): unknown };
const trusted = (globalThis as { trustedTypes?: { createPolicy(name: string, rules: { createHTML(s: string): string }): Policy } }).trustedTypes;
const policy: Policy = trusted?.createPolicy("depot-markdown", { createHTML: sanitise }) ?? { createHTML: sanitise };

/** Renders `source` (Markdown) into `element`, sanitised. */
export function renderMarkdown(element: HTMLElement, source: string) {
  const html = marked.parse(source, { async: false, gfm: true });
  element.innerHTML = policy.createHTML(html) as string;
}
