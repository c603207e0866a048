// Newsroom editor enhancements. The form works without this script; with it, the body gets a
// small rich-text editor and drafts are saved automatically.
(() => {
  const form = document.getElementById('article-form');
  if (!form) return;
  const textarea = form.querySelector('textarea[data-rich]');
  const status = document.getElementById('autosave-status');
  let dirty = false;

  if (textarea && !textarea.closest('fieldset[disabled]')) {
    const editor = document.createElement('div');
    editor.className = 'rich-editor';
    editor.contentEditable = 'true';
    editor.setAttribute('role', 'textbox');
    editor.setAttribute('aria-multiline', 'true');
    editor.setAttribute('aria-label', 'Body');
    editor.innerHTML = textarea.value || '<p><br></p>';
    const toolbar = document.createElement('div');
    toolbar.className = 'editor-toolbar';
    toolbar.setAttribute('role', 'toolbar');
    toolbar.setAttribute('aria-label', 'Formatting');
    const tools = [
      ['Paragraph', () => document.execCommand('formatBlock', false, 'p')],
      ['Heading', () => document.execCommand('formatBlock', false, 'h2')],
      ['Subheading', () => document.execCommand('formatBlock', false, 'h3')],
      ['Bold', () => document.execCommand('bold')],
      ['Italic', () => document.execCommand('italic')],
      [
        'Link',
        () => {
          const url = prompt('Link address (https://...)');
          if (url && /^(https?:|mailto:)/i.test(url)) document.execCommand('createLink', false, url);
        },
      ],
      ['Bullets', () => document.execCommand('insertUnorderedList')],
      ['Numbers', () => document.execCommand('insertOrderedList')],
      ['Quote', () => document.execCommand('formatBlock', false, 'blockquote')],
      ['Image', () => picker.click()],
    ];
    // Images go to the media library first; the returned figure (with srcset) goes into the body.
    const picker = document.createElement('input');
    picker.type = 'file';
    picker.accept = 'image/jpeg,image/png,image/webp';
    picker.hidden = true;
    picker.addEventListener('change', async () => {
      const file = picker.files?.[0];
      picker.value = '';
      if (!file) return;
      const alt = (prompt('Alt text: what does the image show? (required)') || '').trim();
      if (!alt) {
        if (status) status.textContent = 'Image not added: alt text is required.';
        return;
      }
      const caption = prompt('Caption (optional)') || '';
      const data = new FormData();
      data.append('_csrf', document.body.dataset.csrf || '');
      data.append('alt', alt);
      data.append('caption', caption);
      data.append('file', file);
      if (status) status.textContent = 'Uploading image...';
      try {
        const res = await fetch('/newsroom/media', {
          method: 'POST',
          body: data,
          headers: { accept: 'application/json' },
        });
        const json = await res.json();
        if (!res.ok) throw new Error(json.error?.message || 'Upload failed');
        editor.focus();
        document.execCommand('insertHTML', false, json.html);
        sync();
        dirty = true;
        if (status) status.textContent = 'Image added.';
      } catch (err) {
        if (status) status.textContent = `Image not added: ${err.message}`;
      }
    });
    form.append(picker);
    for (const [label, run] of tools) {
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = label;
      b.addEventListener('click', () => {
        editor.focus();
        run();
        sync();
      });
      toolbar.append(b);
    }
    const sync = () => {
      textarea.value = editor.innerHTML;
    };
    editor.addEventListener('input', sync);
    textarea.hidden = true;
    textarea.before(toolbar, editor);
    form.addEventListener('submit', sync);
  }

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

  // Autosave: every 15 seconds when something changed, with the version the page was loaded at.
  const url = form.dataset.autosave;
  if (!url) return;
  form.addEventListener('input', () => {
    dirty = true;
  });
  setInterval(async () => {
    if (!dirty) return;
    dirty = false;
    const data = new URLSearchParams(new FormData(form));
    try {
      const res = await fetch(url, {
        method: 'POST',
        body: data,
        headers: { accept: 'application/json' },
        credentials: 'same-origin',
      });
      const json = await res.json();
      if (res.ok) {
        form.querySelector('input[name="version"]').value = String(json.version);
        if (status) status.textContent = `Draft saved at ${new Date(json.savedAt).toLocaleTimeString()}`;
      } else if (status) {
        status.textContent = json.error?.message ?? 'Autosave failed';
      }
    } catch {
      if (status) status.textContent = 'Autosave failed: check your connection';
      dirty = true;
    }
  }, 15000);
})();
