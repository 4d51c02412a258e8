/**
 * Two errors a new user met in browser mode, as the page words them: an export into a folder
 * that does not exist offers "Create the folder" for exactly that folder (missingFolder), and
 * a lost connection reads in the user's language, not as "Error / the server's original
 * message (English)". The FOLDER_MISSING error is raised by the real output guard; the
 * expected folder is the test's own temporary path, and the expected zh-CN headline is the
 * text of src/renderer/src/i18n/errors.ts written out.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { refuseMissingFolder } from '../../src/main/export/outputGuard';
import { reasonDetails, toErrorPayload } from '../../src/shared/errors';
import { ApiError } from '../../src/renderer/src/api';
import { missingFolder } from '../../src/renderer/src/components/missingFolder';
import { describeError } from '../../src/renderer/src/errorText';
import { i18n } from '../../src/renderer/src/i18n';

const { t, te } = i18n.global;

describe('missingFolder', () => {
  it('names the folder of a FOLDER_MISSING error, and nothing for other errors', () => {
    const folder = join('/nonexistent-mtl-test', 'exports', 'deep');
    let thrown: unknown;
    try {
      refuseMissingFolder(join(folder, 'model'));
    } catch (err) {
      thrown = err;
    }
    // As the page receives it: the payload the server sends, wrapped by the client.
    expect(missingFolder(new ApiError(toErrorPayload(thrown)))).toBe(folder);
    expect(
      missingFolder(
        new ApiError({
          code: 'NOT_FOUND',
          message: 'x',
          details: reasonDetails('FILE_MISSING', { path: folder }),
        }),
      ),
    ).toBeNull();
    expect(missingFolder(new Error('The folder does not exist'))).toBeNull();
  });
});

describe('a lost connection', () => {
  it('is worded in zh-CN by its reason, not as an untranslated internal error', () => {
    const lost = new ApiError({
      code: 'INTERNAL',
      message: 'The connection to the studio server was lost.',
      details: reasonDetails('CONNECTION_LOST', {}),
    });
    i18n.global.locale.value = 'zh-CN';
    try {
      expect(describeError(lost, t, te, 'zh-CN').headline).toBe('与工作室服务器的连接已断开');
    } finally {
      i18n.global.locale.value = 'en';
    }
    expect(describeError(lost, t, te, 'en').headline).toBe(
      'The connection to the studio server was lost',
    );
  });
});
