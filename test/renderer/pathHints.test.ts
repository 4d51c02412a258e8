/**
 * Path placeholders drawn from the open project (an image project's export said
 * `/home/me/penguins-model`). Expected paths written by hand.
 */
import { describe, expect, it } from 'vitest';
import { besideProject } from '../../src/renderer/src/components/pathHints';

describe('besideProject', () => {
  it("names the path after the project, in the project's folder", () => {
    expect(besideProject('/data/cards.mtlproj', (s) => `${s}-model`)).toBe('/data/cards-model');
    expect(besideProject('C:\\Users\\li\\猫.mtlproj', (s) => `${s}-copy.mtlproj`)).toBe(
      'C:\\Users\\li\\猫-copy.mtlproj',
    );
    expect(besideProject('/data/new.csv.mtlproj', () => 'new-images')).toBe('/data/new-images');
  });

  it('without a project, a neutral name alone', () => {
    expect(besideProject(undefined, (s) => `${s}-report.html`)).toBe('project-report.html');
  });
});
