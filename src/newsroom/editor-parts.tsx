import type { SessionUser } from '../accounts/accounts.service.ts';
import { availableTransitions, type Transition } from '../articles/workflow.ts';
import { formatDateLine, localDateTimeValue } from '../core/time.ts';
import type { EditorView } from './editor.page.tsx';
import { Csrf } from './newsroom-layout.tsx';
import { sentValue } from './ui.tsx';

const BUTTONS: [Transition, string][] = [
  ['submit', 'Submit for review'],
  ['publish', 'Publish now'],
  ['return', 'Return to draft'],
];

const HOUR = 3_600_000;

/** The schedule field's value: what was sent, the time it is scheduled for, or the next full hour but one. */
function scheduleValue(v: EditorView, tz: string, now: number): string {
  const at = v.status === 'scheduled' && v.scheduledAt ? v.scheduledAt : Math.ceil(now / HOUR) * HOUR + HOUR;
  return sentValue(v.values, 'at', localDateTimeValue(at, tz));
}

/**
 * The moves the workflow allows this user now. They are buttons of the article's own form: each
 * sends what the form holds, saved with the move in one step. Unpublishing asks for a reason first.
 */
export function Workflow(p: {
  v: EditorView;
  user: SessionUser;
  tz: string;
  errors: Record<string, string>;
}) {
  const { v } = p;
  const allowed = availableTransitions(p.user, { status: v.status, created_by: v.createdBy });
  if (allowed.length === 0) return null;
  // A new article's buttons wait, hidden, for its first autosave to give it an address.
  const move = v.id ? `/newsroom/articles/${v.id}/transition` : undefined;
  return (
    <section aria-labelledby="workflow-title" class="workflow" hidden={!v.id} data-workflow>
      <h2 id="workflow-title">Workflow</h2>
      <p class="hint">Each button saves what is in the form first.</p>
      <div class="actions">
        {BUTTONS.filter(([action]) => allowed.includes(action)).map(([action, label]) => (
          <button
            type="submit"
            formaction={move}
            name="action"
            value={action}
            class={action === 'publish' ? '' : 'button-secondary'}
            key={action}
          >
            {label}
          </button>
        ))}
        {v.id && allowed.includes('unpublish') && (
          <a class="button button-secondary" href={`/newsroom/articles/${v.id}/unpublish`}>
            Unpublish…
          </a>
        )}
      </div>
      {allowed.includes('schedule') && (
        <div class="schedule">
          <label for="schedule-at">Schedule for ({p.tz} time)</label>
          <input
            id="schedule-at"
            name="at"
            type="datetime-local"
            step={60}
            value={scheduleValue(v, p.tz, Date.now())}
            aria-describedby={p.errors.at ? 'at-error' : undefined}
            aria-invalid={p.errors.at ? 'true' : undefined}
          />{' '}
          <button type="submit" formaction={move} name="action" value="schedule" class="button-secondary">
            {v.status === 'scheduled' ? 'Reschedule' : 'Schedule'}
          </button>
          <FieldError fields={p.errors} name="at" />
        </div>
      )}
    </section>
  );
}

/** Review comments, and the form to add one (kept as typed when it is refused). */
export function Comments(p: {
  v: EditorView;
  csrf: string | null;
  tz: string;
  errors: Record<string, string>;
}) {
  const { v } = p;
  return (
    <section aria-labelledby="comments-title">
      <h2 id="comments-title">Review comments</h2>
      {v.comments.length === 0 && <p>No comments yet.</p>}
      <ul>
        {v.comments.map((cm) => (
          <li key={cm.id}>
            <strong>{cm.author}</strong> ({formatDateLine(cm.created_at, p.tz)}): {cm.body}
          </li>
        ))}
      </ul>
      <form method="post" action={`/newsroom/articles/${v.id}/comments`} class="form">
        <Csrf token={p.csrf} />
        <div>
          <label for="comment">Add a comment</label>
          <textarea
            id="comment"
            name="comment"
            rows={2}
            maxLength={5000}
            required
            aria-describedby={p.errors.comment ? 'comment-error' : undefined}
          >
            {sentValue(v.values, 'comment', '')}
          </textarea>
          <FieldError fields={p.errors} name="comment" />
        </div>
        <div>
          <button type="submit" class="button-secondary">
            Comment
          </button>
        </div>
      </form>
    </section>
  );
}

/** A field's message under it, when it has one. */
export function FieldError({ fields, name }: { fields?: Record<string, string> | undefined; name: string }) {
  const msg = fields?.[name];
  return msg ? (
    <p class="field-error" id={`${name}-error`}>
      {msg}
    </p>
  ) : null;
}
