// Newsroom editor enhancements. The form works without this script; with it, drafts are saved
// automatically. The body's rich-text editor is a bundle of its own (src/newsroom/body-editor/).
(() => {
  const form = document.getElementById('article-form');
  if (!form) return;
  const status = document.getElementById('autosave-status');
  let dirty = false;

  // Tag typeahead per comma-separated entry: the suggestion list follows the tag being typed.
  const tagInput = document.getElementById('tags');
  const tagList = document.getElementById('tag-list');
  if (tagInput && tagList) {
    const known = [...tagList.options].map((o) => o.value);
    tagInput.addEventListener('input', () => {
      const value = tagInput.value;
      const cut = value.lastIndexOf(',');
      const head = cut >= 0 ? `${value.slice(0, cut + 1).trim()} ` : '';
      const typed = value
        .slice(cut + 1)
        .trim()
        .toLowerCase();
      const taken = new Set(value.split(',').map((t) => t.trim().toLowerCase()));
      const matches = known
        .filter((t) => !taken.has(t.toLowerCase()) && t.toLowerCase().startsWith(typed))
        .slice(0, 20);
      tagList.replaceChildren(
        ...matches.map((t) => {
          const o = document.createElement('option');
          o.value = head + t;
          return o;
        }),
      );
    });
  }

  // Suggestions: tags and the place dateline from what is written; one click accepts each.
  const suggestBox = form.querySelector('[data-suggest-url]');
  const suggestButton = document.getElementById('suggest-tags');
  const suggestOut = document.getElementById('suggestions');
  if (suggestBox && suggestButton && suggestOut && tagInput) {
    suggestBox.hidden = false;
    const chip = (label, onAccept) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'chip';
      b.textContent = label;
      b.addEventListener('click', () => {
        onAccept();
        b.remove();
      });
      return b;
    };
    suggestButton.addEventListener('click', async () => {
      suggestOut.textContent = 'Looking…';
      try {
        const res = await fetch(suggestBox.dataset.suggestUrl, {
          method: 'POST',
          body: new URLSearchParams(new FormData(form)),
          headers: { accept: 'application/json' },
          credentials: 'same-origin',
        });
        const json = await res.json();
        if (!res.ok) {
          suggestOut.textContent = json.error?.message ?? 'No suggestions';
          return;
        }
        const chips = json.tags.map((t) =>
          chip(`+ ${t.name}${t.existing ? '' : ' (new)'}`, () => {
            const v = tagInput.value.trim();
            tagInput.value = v ? `${v.replace(/,\s*$/, '')}, ${t.name}` : t.name;
            dirty = true;
          }),
        );
        const place = document.getElementById('place');
        if (json.place && place && !place.value.trim()) {
          chips.push(
            chip(`Dateline: ${json.place}`, () => {
              place.value = json.place;
              dirty = true;
            }),
          );
        }
        suggestOut.replaceChildren(...chips);
        if (chips.length === 0) suggestOut.textContent = 'Nothing to suggest yet.';
      } catch {
        suggestOut.textContent = 'Suggestions failed: check your connection';
      }
    });
  }

  // Autosave: a few seconds after typing stops (at least every 15 seconds while typing goes on),
  // with the version the server last answered, so every button of the form sends the current one.
  // A new article is created by its first autosave once it has a headline and a section.
  const versionInput = form.querySelector('input[name="version"]');
  // A form shown again after a refused save holds text the server does not have yet.
  if (form.dataset.unsaved) dirty = true;
  const say = (text) => {
    if (status) status.textContent = text;
  };
  let saving = false;
  let conflicted = false;
  let leaving = false;
  let pendingSubmit = null;
  let lastInput = 0;
  let lastSave = Date.now();
  const changed = () => {
    dirty = true;
    lastInput = Date.now();
  };
  form.addEventListener('input', changed);
  form.addEventListener('change', changed);

  const target = () => {
    if (form.dataset.autosave) return { url: form.dataset.autosave, creating: false };
    const ready = form.elements.headline?.value.trim() && form.elements.section?.value;
    return form.dataset.create && ready ? { url: form.dataset.create, creating: true } : null;
  };

  // After the first autosave of a new article the page is that article's editor.
  const becomeArticle = (json) => {
    form.action = json.url;
    form.dataset.autosave = json.autosave;
    delete form.dataset.create;
    history.replaceState(null, '', json.url);
    const button = form.querySelector('.actions button[type="submit"]');
    if (button) button.textContent = 'Save';
    // The workflow buttons now have an article to move.
    for (const b of form.querySelectorAll('button[name="action"]')) b.formAction = `${json.url}/transition`;
    const workflow = form.querySelector('[data-workflow]');
    if (workflow) workflow.hidden = false;
  };

  const autosave = async () => {
    const to = target();
    if (!dirty || saving || conflicted || !to) return false;
    saving = true;
    dirty = false;
    let ok = false;
    try {
      const res = await fetch(to.url, {
        method: 'POST',
        body: new URLSearchParams(new FormData(form)),
        headers: { accept: 'application/json' },
        credentials: 'same-origin',
      });
      const json = await res.json().catch(() => ({}));
      if (res.ok) {
        ok = true;
        lastSave = Date.now();
        if (versionInput) versionInput.value = String(json.version);
        if (to.creating) becomeArticle(json);
        say(
          `${to.creating ? 'Draft created and saved' : 'Draft saved'} at ${new Date(json.savedAt).toLocaleTimeString()}`,
        );
      } else {
        dirty = true;
        // Someone else saved: stop here; Save shows both versions and lets the user choose.
        if (res.status === 409) conflicted = true;
        say(json.error?.message ?? 'Autosave failed. Your text is still here.');
      }
    } catch {
      dirty = true;
      say('Autosave failed: check your connection. Your text is still here.');
    } finally {
      saving = false;
    }
    if (pendingSubmit) {
      const submitter = pendingSubmit;
      pendingSubmit = null;
      form.requestSubmit(submitter instanceof HTMLElement ? submitter : undefined);
    }
    return ok;
  };

  setInterval(() => {
    const now = Date.now();
    if (dirty && (now - lastInput > 2500 || now - lastSave > 15000)) autosave();
  }, 1000);

  // A button pressed while an autosave is on its way waits for it, so it sends the version it returns.
  form.addEventListener('submit', (event) => {
    if (saving) {
      event.preventDefault();
      pendingSubmit = event.submitter ?? true;
      return;
    }
    leaving = true;
  });

  // Leaving with unsaved changes asks first: the browser's own prompt when the page is closed or
  // reloaded, and a dialog for the newsroom's links.
  window.addEventListener('beforeunload', (event) => {
    if (dirty && !leaving) {
      event.preventDefault();
      event.returnValue = '';
    }
  });
  // Back-forward cache: a page shown again is not leaving any more.
  window.addEventListener('pageshow', () => {
    leaving = false;
  });

  let leaveDialog = null;
  const askToLeave = (href) => {
    if (!leaveDialog) {
      leaveDialog = document.createElement('dialog');
      leaveDialog.className = 'editor-dialog leave-dialog';
      leaveDialog.setAttribute('aria-labelledby', 'leave-title');
      leaveDialog.setAttribute('aria-describedby', 'leave-text');
      const title = document.createElement('h2');
      title.id = 'leave-title';
      title.textContent = 'Leave this article?';
      const text = document.createElement('p');
      text.id = 'leave-text';
      text.textContent = 'Some of your changes are not saved yet.';
      const actions = document.createElement('div');
      actions.className = 'actions';
      const button = (label, cls, onClick) => {
        const b = document.createElement('button');
        b.type = 'button';
        b.textContent = label;
        if (cls) b.className = cls;
        b.addEventListener('click', onClick);
        actions.append(b);
        return b;
      };
      button('Save and leave', '', async () => {
        if (await autosave()) {
          leaving = true;
          location.href = leaveDialog.dataset.href;
        } else {
          leaveDialog.close();
        }
      });
      button('Leave without saving', 'button-danger', () => {
        leaving = true;
        location.href = leaveDialog.dataset.href;
      });
      button('Stay', 'button-secondary', () => leaveDialog.close());
      leaveDialog.append(title, text, actions);
      document.body.append(leaveDialog);
    }
    leaveDialog.dataset.href = href;
    leaveDialog.showModal();
    leaveDialog.querySelector('button')?.focus();
  };
  document.addEventListener('click', (event) => {
    if (!dirty || leaving || event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
    if (!link || link.target === '_blank' || link.hasAttribute('download')) return;
    const url = new URL(link.href, location.href);
    if (url.origin !== location.origin || (url.pathname === location.pathname && url.hash)) return;
    event.preventDefault();
    askToLeave(url.href);
  });
})();
