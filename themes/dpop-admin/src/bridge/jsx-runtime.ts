/**
 * The JSX runtime the prebuilt `@keycloak/keycloak-admin-ui` package is linked
 * against (vite.config.ts points the package's `react/jsx-runtime` import here).
 *
 * It forwards every element to React's own runtime unchanged, unless a
 * registered rewrite returns a replacement. That gives this theme two precise
 * hooks into the stock console without patching its code:
 *  - swap one exported component for a wrapper (by identity), and
 *  - see the props of an element as the console creates it.
 * Our own code imports React's runtime directly and is never rewritten.
 */
import type { ElementType, Key, ReactElement } from "react";
import { Fragment, jsx as reactJsx, jsxs as reactJsxs } from "react/jsx-runtime";

export { Fragment };

export type ElementProps = Record<string, unknown>;

/** Returns the element to create instead, or undefined to leave it alone. */
export type ElementRewrite = (
  type: unknown,
  props: ElementProps,
) => { type: unknown; props: ElementProps } | undefined;

const rewrites: ElementRewrite[] = [];

export function addElementRewrite(rewrite: ElementRewrite): void {
  rewrites.push(rewrite);
}

function rewrite(type: unknown, props: ElementProps) {
  for (const candidate of rewrites) {
    const replacement = candidate(type, props);
    if (replacement) {
      return replacement;
    }
  }
  return { type, props };
}

export function jsx(type: unknown, props: ElementProps, key?: Key): ReactElement {
  const element = rewrite(type, props);
  return reactJsx(element.type as ElementType, element.props, key);
}

export function jsxs(type: unknown, props: ElementProps, key?: Key): ReactElement {
  const element = rewrite(type, props);
  return reactJsxs(element.type as ElementType, element.props, key);
}
