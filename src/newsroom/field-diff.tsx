import type { FieldDiff } from '../articles/revisions.ts';

/**
 * The fields that differ between two versions, each with its words marked: removed ones struck
 * (<del>), added ones underlined (<ins>). Unchanged fields are left out; `same` is said when none
 * changed.
 */
export function ChangedFields(p: { fields: FieldDiff[]; same: string }) {
  const changed = p.fields.filter((f) => f.changed);
  if (changed.length === 0) return <p>{p.same}</p>;
  return (
    <>
      {changed.map((f) => (
        <div key={f.field}>
          <h3>{f.field}</h3>
          <p class="pre-wrap">
            {f.parts.map((part, i) =>
              part.added ? (
                <ins key={i}>{part.value}</ins>
              ) : part.removed ? (
                <del key={i}>{part.value}</del>
              ) : (
                part.value
              ),
            )}
          </p>
        </div>
      ))}
    </>
  );
}
