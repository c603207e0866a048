import { Csrf } from './newsroom-layout.tsx';

/** A one-button form that posts a fixed change (pin, move, delete), with its CSRF token. */
export function PostButton(p: {
  action: string;
  label: string;
  csrf: string | null;
  fields?: Record<string, string>;
}) {
  return (
    <form method="post" action={p.action} class="inline-form">
      <Csrf token={p.csrf} />
      {Object.entries(p.fields ?? {}).map(([k, v]) => (
        <input type="hidden" name={k} value={v} key={k} />
      ))}
      <button type="submit" class="button-secondary">
        {p.label}
      </button>
    </form>
  );
}
