/**
 * Typed errors of the template engine. Messages follow Go's text/template wording, e.g.
 * `template: name:3: function "x" not defined` and
 * `template: name:1:5: executing "name" at <.X>: map has no entry for key "X"`.
 */

/** Base class; `code` is a stable machine-readable identifier. */
export abstract class TemplateError extends Error {
  abstract readonly code: string;
}

/** The template text could not be parsed. Nothing was added to the template set. */
export class TemplateParseError extends TemplateError {
  readonly code = 'TEMPLATE_PARSE_ERROR';
  constructor(
    message: string,
    readonly templateName: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'TemplateParseError';
  }
}

/**
 * Execution failed. `partialOutput` is what had been written before the failure (Go semantics).
 * The message may be built lazily (deeply nested include chains fail near the stack limit, where
 * formatting the message must not need stack).
 */
export class TemplateExecError extends TemplateError {
  readonly code = 'TEMPLATE_EXEC_ERROR';
  partialOutput = '';
  private lazy: (() => string) | null;
  private built: string | null;
  constructor(
    message: string | (() => string),
    readonly templateName: string,
    cause?: unknown,
  ) {
    super('', cause === undefined ? undefined : { cause });
    delete (this as { message?: string }).message;
    this.lazy = typeof message === 'function' ? message : null;
    this.built = typeof message === 'function' ? null : message;
    this.name = 'TemplateExecError';
  }
  override get message(): string {
    if (this.built === null) {
      this.built = this.lazy!();
      this.lazy = null;
    }
    return this.built;
  }
}

/** A function in the func map could not be registered (bad name or not a function). */
export class TemplateFuncError extends TemplateError {
  readonly code = 'TEMPLATE_FUNC_ERROR';
  constructor(message: string) {
    super(message);
    this.name = 'TemplateFuncError';
  }
}

/** Template lookup failed (`ExecuteTemplate` of an undefined name, or an incomplete template). */
export class TemplateNotFoundError extends TemplateError {
  readonly code = 'TEMPLATE_NOT_FOUND';
  constructor(
    message: string,
    readonly templateName: string,
  ) {
    super(message);
    this.name = 'TemplateNotFoundError';
  }
}

/**
 * Thrown by template functions to report a Go `error` return value; the engine wraps it as
 * `error calling NAME: MESSAGE`. Any other thrown Error is treated the same way.
 */
export class GoFuncError extends Error {
  readonly code = 'TEMPLATE_FUNC_CALL_ERROR';
  constructor(message: string) {
    super(message);
    this.name = 'GoFuncError';
  }
}
