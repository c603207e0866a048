import { z } from 'zod';
import { formField } from '../http/forms.ts';

/** The changes the curation screen's buttons post to /newsroom/home/:op. */
export const homeOp = z.enum(['pin', 'unpin', 'up', 'down']);
export type HomeOp = z.infer<typeof homeOp>;

/** Every curation button sends the story it acts on. */
export const homeChangeForm = z.object({
  article: formField.id('Choose a story from the list.'),
});
