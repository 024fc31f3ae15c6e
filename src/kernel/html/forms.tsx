// Accessible form fields: a visible label, a hint, the error tied to the field (aria-describedby),
// and an error summary at the top whose links move focus to each field.
import type { FieldErrors } from '../errors.ts';
import type { PageContext } from '../web.ts';

export const fieldId = (name: string): string => `f-${name.replace(/[^a-zA-Z0-9_-]/g, '-')}`;

export interface Option {
  value: string;
  label: string;
}

interface FieldBase {
  name: string;
  label: string;
  hint?: string;
  error?: string | undefined;
  required?: boolean;
}

function describedBy(f: FieldBase): string | undefined {
  const ids = [f.hint ? `${fieldId(f.name)}-hint` : '', f.error ? `${fieldId(f.name)}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function Label({ f, ctx }: { f: FieldBase; ctx: PageContext }): JSX.Element {
  return (
    <label for={fieldId(f.name)}>
      <span safe>{f.label}</span>
      {f.required ? (
        <span class="required" safe>
          {` (${ctx.t('form.required')})`}
        </span>
      ) : (
        ''
      )}
    </label>
  );
}

function HintAndError({ f }: { f: FieldBase }): JSX.Element {
  return (
    <>
      {f.hint ? (
        <p class="hint" id={`${fieldId(f.name)}-hint`} safe>
          {f.hint}
        </p>
      ) : (
        ''
      )}
      {f.error ? (
        <p class="field-error" id={`${fieldId(f.name)}-error`} safe>
          {f.error}
        </p>
      ) : (
        ''
      )}
    </>
  );
}

export function TextField(
  props: FieldBase & { ctx: PageContext; value?: string | undefined; type?: string; autocomplete?: string; maxlength?: number },
): JSX.Element {
  return (
    <div class={props.error ? 'field has-error' : 'field'}>
      <Label f={props} ctx={props.ctx} />
      <HintAndError f={props} />
      <input
        id={fieldId(props.name)}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value ?? ''}
        required={props.required}
        autocomplete={props.autocomplete}
        maxlength={props.maxlength}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(props)}
      />
    </div>
  );
}

export function TextArea(props: FieldBase & { ctx: PageContext; value?: string | undefined; rows?: number; maxlength?: number }): JSX.Element {
  return (
    <div class={props.error ? 'field has-error' : 'field'}>
      <Label f={props} ctx={props.ctx} />
      <HintAndError f={props} />
      <textarea
        id={fieldId(props.name)}
        name={props.name}
        rows={String(props.rows ?? 5)}
        required={props.required}
        maxlength={props.maxlength === undefined ? undefined : String(props.maxlength)}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(props)}
        safe
      >
        {props.value ?? ''}
      </textarea>
    </div>
  );
}

export function Select(
  props: FieldBase & { ctx: PageContext; value?: string | undefined; options: readonly Option[]; emptyLabel?: string },
): JSX.Element {
  return (
    <div class={props.error ? 'field has-error' : 'field'}>
      <Label f={props} ctx={props.ctx} />
      <HintAndError f={props} />
      <select
        id={fieldId(props.name)}
        name={props.name}
        required={props.required}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(props)}
      >
        {props.emptyLabel !== undefined ? (
          <option value="" safe>
            {props.emptyLabel}
          </option>
        ) : (
          ''
        )}
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === props.value} safe>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A group of checkboxes in a fieldset (countries, themes…). */
export function CheckboxGroup(
  props: FieldBase & { ctx: PageContext; values: readonly string[]; options: readonly Option[]; columns?: boolean },
): JSX.Element {
  return (
    <fieldset
      class={props.error ? 'field has-error checkbox-group' : 'field checkbox-group'}
      id={fieldId(props.name)}
      aria-describedby={describedBy(props)}
    >
      <legend safe>{props.label}</legend>
      <HintAndError f={props} />
      <div class={props.columns ? 'checkbox-columns' : ''}>
        {props.options.map((o) => (
          <div class="checkbox">
            <input
              type="checkbox"
              id={`${fieldId(props.name)}-${o.value}`}
              name={props.name}
              value={o.value}
              checked={props.values.includes(o.value)}
            />
            <label for={`${fieldId(props.name)}-${o.value}`} safe>
              {o.label}
            </label>
          </div>
        ))}
      </div>
    </fieldset>
  );
}

export function Checkbox(props: FieldBase & { ctx: PageContext; checked: boolean }): JSX.Element {
  return (
    <div class={props.error ? 'field has-error checkbox' : 'field checkbox'}>
      <input
        type="checkbox"
        id={fieldId(props.name)}
        name={props.name}
        value="on"
        checked={props.checked}
        aria-describedby={describedBy(props)}
      />
      <label for={fieldId(props.name)} safe>
        {props.label}
      </label>
      <HintAndError f={props} />
    </div>
  );
}

export function FileField(props: FieldBase & { ctx: PageContext; accept?: string }): JSX.Element {
  return (
    <div class={props.error ? 'field has-error' : 'field'}>
      <Label f={props} ctx={props.ctx} />
      <HintAndError f={props} />
      <input
        id={fieldId(props.name)}
        name={props.name}
        type="file"
        accept={props.accept}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(props)}
      />
    </div>
  );
}

/** Lists every error at the top of the form; each links to its field. Shown only when there are errors. */
export function ErrorSummary({ ctx, errors, labels }: { ctx: PageContext; errors: FieldErrors; labels: Record<string, string> }): JSX.Element {
  const entries = Object.entries(errors);
  if (entries.length === 0) return '';
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
      <h2 id="error-summary-title" safe>
        {ctx.t.plural('form.error_summary', entries.length)}
      </h2>
      <ul>
        {entries.map(([name, message]) => (
          <li>
            <a href={`#${fieldId(name)}`} safe>
              {labels[name] ? ctx.t('form.error_item', { label: labels[name], message }) : message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function CsrfField({ ctx }: { ctx: PageContext }): JSX.Element {
  return <input type="hidden" name="_csrf" value={ctx.csrfToken} />;
}
