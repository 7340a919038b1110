import type { AdminEnvironment } from "@keycloak/keycloak-admin-ui";

/** What the server writes into index.ftl's `<script id="environment">`, as the stock console reads it. */
function readEnvironment(): AdminEnvironment {
  const text = document.getElementById("environment")?.textContent;
  if (typeof text !== "string") {
    throw new Error("Environment variables not found in the document.");
  }
  return JSON.parse(text) as AdminEnvironment;
}

export const environment = readEnvironment();

/** Joins URL parts with exactly one slash between them. */
export function joinPath(...parts: string[]): string {
  return parts
    .map((part, index) => {
      let result = part;
      if (index > 0) result = result.replace(/^\/+/, "");
      if (index < parts.length - 1) result = result.replace(/\/+$/, "");
      return result;
    })
    .join("/");
}
