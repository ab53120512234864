import { MessageIdInput, MessageLogInput, SaveTemplatesInput, type AdminRole } from '@shop/types';
import { action, defineFunction, NoInput } from '../shared/runtime/define';
import { messageTemplates, saveMessageTemplates } from '../shared/domain/messages/settings';
import { messageLog, resendMessage } from '../shared/domain/messages/log';

const OWNER: AdminRole[] = ['owner'];
const STAFF: AdminRole[] = ['owner', 'operator'];

/** Subscribe messages to shoppers: the owner's template id per event; the message log (owner and operator). */
export default defineFunction('messageAdmin', {
  templates: action({ access: OWNER, input: NoInput, handler: (ctx) => messageTemplates(ctx.db) }),
  saveTemplates: action({ access: OWNER, input: SaveTemplatesInput, handler: (ctx, input) => saveMessageTemplates(ctx.db, input, ctx.now()) }),
  log: action({ access: STAFF, input: MessageLogInput, handler: (ctx, input) => messageLog(ctx.db, input) }),
  resend: action({ access: OWNER, input: MessageIdInput, handler: (ctx, { id }) => resendMessage(ctx.db, id, ctx.now()) }),
});
