/**
 * Writing an export to a path that exists (Save as CSV, Export model, Export report): the
 * server refuses it with reason OUTPUT_EXISTS until the request says `overwrite: true`;
 * here the user is asked first (the confirmation dialog), and the request is sent again
 * only when they agree. A path chosen in the desktop app's native save dialog was asked
 * about there already (the dialog asks before it answers an existing file), so it is sent
 * with `overwrite: true` at once; a typed path, or one picked in the browser mode's file
 * picker, is asked about here. The project, the file being predicted, any SQLite file and a
 * read-only file are never replaced, whatever the answer (the server refuses them).
 */
import { ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { ApiError } from '../api';
import { useConfirm } from '../stores/confirm';
import { useStudio } from '../stores/studio';

/**
 * The confirmation for one path field.
 * @returns `chosen` for the field's `@chosen` event (records a native dialog's answer), and
 *   `send(request)`: calls `request(overwrite)`, asks when the answer is OUTPUT_EXISTS,
 *   then calls it again with true; resolves to null when the user keeps the file.
 */
export function useReplaceConfirm() {
  const { t } = useI18n();
  const confirm = useConfirm();
  const studio = useStudio();
  /** The last path the native save dialog answered (it asked about replacing it). */
  const nativelyChosen = ref<string | null>(null);

  function chosen(path: string): void {
    nativelyChosen.value = studio.info?.nativeDialogs ? path : null;
  }

  async function send<T>(
    path: string,
    request: (overwrite: boolean) => Promise<T>,
  ): Promise<T | null> {
    try {
      return await request(nativelyChosen.value !== null && nativelyChosen.value === path);
    } catch (err) {
      if (!(err instanceof ApiError) || err.details?.reason !== 'OUTPUT_EXISTS') throw err;
      const params = err.details.params as { path?: string } | undefined;
      const ok = await confirm.ask({
        title: t('common.replaceTitle'),
        message: t('common.replaceMessage', { path: params?.path ?? path }),
        confirmLabel: t('common.replace'),
      });
      return ok ? request(true) : null;
    }
  }

  return { chosen, send };
}
