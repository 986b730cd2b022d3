// First-run setup (create the admin account) and sign-in.

import { api } from './api.js';
import { h } from './dom.js';

function authForm(app, { title, intro, button, path, newPassword }) {
  return {
    mount(el, ctx) {
      document.title = `${title} · Shotdeck`;
      const err = h('p', { class: 'form-error', role: 'alert' });
      const user = h('input', { id: 'username', name: 'username', autocomplete: 'username', required: true, minlength: 3, maxlength: 32, pattern: '[a-z0-9_.\\-]+', autocapitalize: 'none', spellcheck: 'false' });
      const pass = h('input', { id: 'password', name: 'password', type: 'password', required: true, minlength: newPassword ? 8 : null, autocomplete: newPassword ? 'new-password' : 'current-password' });
      const submit = h('button', { class: 'btn primary', type: 'submit', text: button });
      if (ctx.query.get('expired')) err.textContent = 'Your session has expired. Sign in again.';
      const form = h('form', { class: 'auth-form', novalidate: true },
        h('h1', { text: title }), intro && h('p', { class: 'muted', text: intro }),
        h('label', { for: 'username', text: 'Username' }), user,
        newPassword && h('p', { class: 'hint', text: '3–32 characters: a–z, 0–9, _ . -' }),
        h('label', { for: 'password', text: 'Password' }), pass,
        newPassword && h('p', { class: 'hint', text: 'At least 8 characters.' }),
        submit, err);
      form.addEventListener('submit', async (e) => {
        e.preventDefault();
        err.textContent = '';
        submit.disabled = true;
        try {
          const res = await api(path, { method: 'POST', json: { username: user.value.trim(), password: pass.value }, quiet401: true });
          app.signedIn(res.user);
          const next = ctx.query.get('next');
          app.navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/', { replace: true });
        } catch (x) {
          err.textContent = x.message;
          (x.field === 'password' ? pass : user).focus();
        } finally {
          submit.disabled = false;
        }
      });
      el.append(h('div', { class: 'auth' }, form));
      user.focus();
    },
    keepsFocus: true,
  };
}

/** setupView creates the first admin account on a fresh install. */
export const setupView = (app) => authForm(app, {
  title: 'Welcome to Shotdeck', button: 'Create admin account', path: '/setup', newPassword: true,
  intro: 'This library is new. Create the administrator account: it manages users and the stills.',
});

/** loginView signs a user in. */
export const loginView = (app) => authForm(app, { title: 'Sign in', button: 'Sign in', path: '/auth/login' });
