/** Form controls and small pieces every page shares: labelled fields with their errors, notices, tables. */
import type { Child } from "hono/jsx";

let counter = 0;
/** A unique element id for a label/field pair. */
export function fieldId(name: string): string {
  return `f-${name.replace(/[^A-Za-z0-9_-]/g, "-")}-${(++counter).toString(36)}`;
}

/** Props of {@linkcode Field}. */
export interface FieldProps {
  name: string;
  label: string;
  value?: string | undefined;
  error?: string | undefined;
  hint?: string | undefined;
  type?: string;
  required?: boolean;
  multiline?: boolean;
  rows?: number;
  autocomplete?: string;
  inputmode?: "numeric" | "decimal" | "text" | "search";
  placeholder?: string;
  lang?: string;
  list?: string;
  enhance?: string;
  extra?: Record<string, string>;
}

/** A labelled input (or textarea) with its hint and, when the service named it, its error next to it. */
export function Field(p: FieldProps) {
  const id = fieldId(p.name);
  const hintId = p.hint ? `${id}-hint` : undefined;
  const errId = p.error ? `${id}-err` : undefined;
  const described = [hintId, errId].filter(Boolean).join(" ") || undefined;
  const common = {
    id,
    name: p.name,
    required: p.required,
    "aria-invalid": p.error ? "true" : undefined,
    "aria-describedby": described,
    placeholder: p.placeholder,
    "data-enhance": p.enhance,
    ...(p.extra ?? {}),
  };
  return (
    <div class={p.error ? "field has-error" : "field"}>
      <label for={id}>{p.label}</label>
      {p.hint ? <p class="hint" id={hintId}>{p.hint}</p> : null}
      {p.multiline
        ? <textarea {...common} rows={p.rows ?? 4} lang={p.lang}>{p.value ?? ""}</textarea>
        : (
          <input
            {...common}
            type={p.type ?? "text"}
            value={p.value ?? ""}
            autocomplete={p.autocomplete}
            inputmode={p.inputmode}
            list={p.list}
          />
        )}
      {p.error ? <p class="error" id={errId} role="alert">{p.error}</p> : null}
    </div>
  );
}

/** Props of {@linkcode Select}. */
export interface SelectProps {
  name: string;
  label: string;
  value?: string | undefined;
  options: { value: string; label: string }[];
  error?: string | undefined;
  /** A first option meaning "any". */
  any?: string;
}

/** A labelled select. */
export function Select(p: SelectProps) {
  const id = fieldId(p.name);
  const errId = p.error ? `${id}-err` : undefined;
  return (
    <div class={p.error ? "field has-error" : "field"}>
      <label for={id}>{p.label}</label>
      <select id={id} name={p.name} aria-invalid={p.error ? "true" : undefined} aria-describedby={errId}>
        {p.any !== undefined ? <option value="">{p.any}</option> : null}
        {p.options.map((o) => <option value={o.value} selected={o.value === p.value}>{o.label}</option>)}
      </select>
      {p.error ? <p class="error" id={errId} role="alert">{p.error}</p> : null}
    </div>
  );
}

/** A notice: success, warning or error (errors are announced). */
export function Notice(p: { kind: "ok" | "warn" | "error" | "info"; title?: string; children?: Child }) {
  return (
    <div class={`notice ${p.kind}`} role={p.kind === "error" ? "alert" : "status"}>
      {p.title ? <p class="notice-title">{p.title}</p> : null}
      {p.children}
    </div>
  );
}

/** The hidden CSRF field every form carries. */
export function Csrf(p: { token: string }) {
  return <input type="hidden" name="_csrf" value={p.token} />;
}

/** A status badge. */
export function Badge(p: { kind: string; children?: Child }) {
  return <span class={`badge badge-${p.kind}`}>{p.children}</span>;
}
