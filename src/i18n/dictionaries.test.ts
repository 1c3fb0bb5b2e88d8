import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dictionaries, translate, negotiateLocale } from './index.js';

test('the Indonesian and English dictionaries have exactly the same keys', () => {
  const idKeys = Object.keys(dictionaries.id).sort();
  const enKeys = Object.keys(dictionaries.en).sort();
  assert.deepEqual(enKeys.filter((k) => !idKeys.includes(k)), [], 'keys only in en');
  assert.deepEqual(idKeys.filter((k) => !enKeys.includes(k)), [], 'keys only in id');
});

test('no dictionary entry is empty, and both use the same placeholders', () => {
  for (const key of Object.keys(dictionaries.id) as (keyof typeof dictionaries.id)[]) {
    assert.ok(dictionaries.id[key].trim().length > 0, `id ${key} is empty`);
    assert.ok(dictionaries.en[key].trim().length > 0, `en ${key} is empty`);
    const ph = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    assert.deepEqual(ph(dictionaries.en[key]), ph(dictionaries.id[key]), `placeholders differ for ${key}`);
  }
});

test('translate fills placeholders and defaults to Indonesian', () => {
  assert.equal(translate('id', 'home.welcome', { name: 'Maria' }), 'Selamat datang, Maria');
  assert.equal(translate('en', 'home.welcome', { name: 'Maria' }), 'Welcome, Maria');
  assert.equal(negotiateLocale(undefined, undefined), 'id');
  assert.equal(negotiateLocale(undefined, 'en-US,en;q=0.9'), 'id', 'Indonesian unless English was chosen');
  assert.equal(negotiateLocale('en', 'id-ID'), 'en');
  assert.equal(negotiateLocale('id', 'en-US'), 'id');
  assert.equal(negotiateLocale('fr', 'fr-FR'), 'id');
});
