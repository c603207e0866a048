import type { SessionUser } from '../accounts/accounts.service.ts';
import type { Transition } from '../articles/workflow.ts';
import { formatDateLine } from '../core/time.ts';
import type { FormValues } from '../http/forms.ts';
import type { SiteContext } from '../render/context.ts';
import type { FieldConflict } from './conflict.ts';
import { Csrf, NewsroomLayout } from './newsroom-layout.tsx';

/** What the conflict screen shows: who saved what when, and what the user had typed. */
export interface ConflictView {
  id: number;
  headline: string;
  /** The stored version, which a save from this screen checks against. */
  theirVersion: number;
  yourVersion: number;
  savedBy: string | null;
  savedAt: number | null;
  fields: FieldConflict[];
  /** Everything the user's form sent, carried in hidden fields so no word of it is lost. */
  yours: FormValues;
  /** The button the user pressed, if it was a workflow move: not made, said so. */
  pressed?: Transition | undefined;
}

// Never carried over: the token is the page's own, the version is theirs, the rest is this screen's.
const NOT_CARRIED = new Set(['_csrf', 'version', 'choice', 'action', 'at']);

/** The user's form, carried as hidden fields (lists as several of the same name). */
function Carried({ yours }: { yours: FormValues }) {
  return (
    <>
      {Object.entries(yours)
        .filter(([name]) => !NOT_CARRIED.has(name) && !name.startsWith('use_'))
        .flatMap(([name, v]) =>
          [v].flat().map((value, i) => <input type="hidden" name={name} value={value} key={`${name}${i}`} />),
        )}
    </>
  );
}

/** One differing field: theirs and yours side by side, the words only one side has marked. */
function FieldChoice({ f, theirVersion }: { f: FieldConflict; theirVersion: number }) {
  return (
    <fieldset class="conflict-field">
      <legend>{f.label}</legend>
      <div class="conflict-sides">
        <div>
          <input type="radio" id={`use-${f.key}-theirs`} name={`use_${f.key}`} value="theirs" checked />{' '}
          <label for={`use-${f.key}-theirs`} class="inline-label">
            Keep theirs (version {theirVersion})
          </label>
          <p class="conflict-text">
            {f.parts.map((p, i) =>
              p.added ? null : p.removed ? <del key={i}>{p.value}</del> : <span key={i}>{p.value}</span>,
            )}
          </p>
        </div>
        <div>
          <input type="radio" id={`use-${f.key}-mine`} name={`use_${f.key}`} value="mine" />{' '}
          <label for={`use-${f.key}-mine`} class="inline-label">
            Use mine
          </label>
          <p class="conflict-text">
            {f.parts.map((p, i) =>
              p.removed ? null : p.added ? <ins key={i}>{p.value}</ins> : <span key={i}>{p.value}</span>,
            )}
          </p>
        </div>
      </div>
    </fieldset>
  );
}

/** 409: someone saved the article after this user opened it. Nothing was written; they choose. */
export function ConflictPage(p: {
  site: SiteContext;
  user: SessionUser;
  csrf: string | null;
  v: ConflictView;
}) {
  const { v } = p;
  const who = v.savedBy ?? 'Someone else';
  const when = v.savedAt ? ` on ${formatDateLine(v.savedAt, p.site.timeZone)}` : '';
  return (
    <NewsroomLayout
      site={p.site}
      title={`Changed by someone else: ${v.headline}`}
      user={p.user}
      csrf={p.csrf}
    >
      <p class="flash flash-error" role="alert">
        Someone else saved this article after you opened version {v.yourVersion}: {who}
        {when}, making it version {v.theirVersion}. Nothing was overwritten, and nothing you typed is lost: it
        is below.
      </p>
      {v.pressed && (
        <p>You pressed "{v.pressed}": it was not done. Choose what to keep first, then press it again.</p>
      )}
      <form method="post" action={`/newsroom/articles/${v.id}/resolve`} class="form">
        <Csrf token={p.csrf} />
        <input type="hidden" name="version" value={String(v.theirVersion)} />
        <Carried yours={v.yours} />
        {v.fields.length === 0 ? (
          <p>Your fields are the same as theirs: saving changes nothing they wrote.</p>
        ) : (
          <>
            <h2>What differs</h2>
            <p class="hint">
              Words only in their version are struck through; words only in yours are underlined.
            </p>
            {v.fields.map((f) => (
              <FieldChoice f={f} theirVersion={v.theirVersion} key={f.key} />
            ))}
          </>
        )}
        <div class="actions">
          <button type="submit" name="choice" value="merge">
            Save with these choices
          </button>
          <button type="submit" name="choice" value="overwrite" class="button-danger">
            Overwrite with all of mine
          </button>
          <a href={`/newsroom/articles/${v.id}`}>Take theirs and drop mine</a>
        </div>
        <p class="hint">
          Overwriting replaces every field of theirs with yours and is recorded in the audit log.
        </p>
      </form>
    </NewsroomLayout>
  );
}
