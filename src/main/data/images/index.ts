/**
 * Image import for the main process: preview a folder or manifest for the import wizard,
 * import it as a dataset, and the synthetic card generator. Everything else in this
 * folder is an implementation detail.
 */
export { previewImages, type PreviewImagesOptions } from './preview';
export {
  importImages,
  noImageFilesError,
  DEFAULT_IMAGE_SIZE,
  type ImageDatasetWriter,
  type ImportImagesOptions,
} from './importImages';
export { MAX_IMAGE_SIZE, MIN_IMAGE_SIZE, THUMBNAIL_SIZE } from './decode';
export { IMAGE_EXTENSIONS, type ImageSourceOptions } from './source';
