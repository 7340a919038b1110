import { createInstance } from "i18next";
import FetchBackend from "i18next-fetch-backend";
import { initReactI18next } from "react-i18next";
import { DPOP_NAMESPACE, messages } from "./dpop/messages";
import { environment, joinPath } from "./environment";

type KeyValue = { key: string; value: string };

/**
 * The console's i18n set-up as in the stock admin console 26.7.3 (its
 * `i18n/i18n.ts` is not part of the npm package): one namespace per realm,
 * loaded from the server. Our texts come as a fallback namespace, so the
 * server's messages and a realm's overrides come first.
 */
export const i18n = createInstance({
  fallbackLng: "en",
  keySeparator: ".",
  nsSeparator: false,
  interpolation: { escapeValue: false },
  defaultNS: [environment.realm],
  ns: [environment.realm],
  fallbackNS: DPOP_NAMESPACE,
  backend: {
    loadPath: joinPath(environment.adminBaseUrl, "resources/{{ns}}/admin/{{lng}}"),
    parse: (data: string) =>
      Object.fromEntries(
        (JSON.parse(data) as KeyValue[]).map(({ key, value }) => [key, value]),
      ),
  },
});

i18n.use(FetchBackend);
i18n.use(initReactI18next);

export async function initI18n(): Promise<void> {
  await i18n.init();
  i18n.addResourceBundle("en", DPOP_NAMESPACE, messages);
}
