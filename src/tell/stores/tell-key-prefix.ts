/** Every key the Tell feature writes starts with this, so its documents sit apart from dialog state. */
export const TELL_KEY_PREFIX = 'tell/';
