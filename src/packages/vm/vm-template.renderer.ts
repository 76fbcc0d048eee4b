import { OpenPitrixTemplateError, renderOpenPitrixTemplate } from './openpitrix.render';
import type { GoValue } from '@marina/go-runtime';
import { PackageError } from '../package-error';
import { placeholderRenderer, type ClusterTemplateRenderer } from './vm-cluster-render';

/**
 * The production cluster-template renderer: `cluster.json.tmpl` through the template engine's
 * OpenPitrix mode (full Go html/template semantics with OpenPitrix's getv rewrite);
 * `cluster.json.mustache` (AppCenter) through the built-in JSON-typed placeholder renderer.
 * Engine failures become PackageError RENDER_FAILED with the engine's message.
 */
export const openPitrixRenderer: ClusterTemplateRenderer = (source, values, dialect) => {
  if (dialect === 'mustache') return placeholderRenderer(source, values, dialect);
  try {
    return renderOpenPitrixTemplate(source, values as GoValue);
  } catch (err) {
    if (err instanceof OpenPitrixTemplateError) throw new PackageError('RENDER_FAILED', '', err.message);
    throw err;
  }
};
