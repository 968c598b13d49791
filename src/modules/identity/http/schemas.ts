import { z } from 'zod';
import type { Role } from '../../access/domain/policy.js';
import { ROLES } from '../domain/roles.js';
import { uuid } from '../../../shared/http/validate.js';

const role = z.enum(ROLES as [Role, ...Role[]], { message: '役割を選択してください。' });
const password = z.string({ message: 'パスワードを入力してください。' }).max(1024, { message: 'パスワードが長すぎます。' });
const name = z.string().max(100, { message: '氏名は100文字以内にしてください。' });
const email = z.union([z.literal(''), z.email({ message: 'メールアドレスの形式が正しくありません。' }).max(254)]);
const departmentIds = z.array(uuid).max(50, { message: '所属課は50件までにしてください。' });

export const loginBody = z.object({
  municipalityCode: z.string({ message: '団体コードを入力してください。' }).trim().regex(/^\d{6}$/, { message: '団体コードは6桁の数字で入力してください。' }),
  loginId: z.string({ message: 'ログインIDを入力してください。' }).trim().min(1, { message: 'ログインIDを入力してください。' }).max(64, { message: 'ログインIDは64文字以内です。' }),
  password: password.min(1, { message: 'パスワードを入力してください。' }),
  totpCode: z.string().trim().max(32, { message: '確認コードが長すぎます。' }).optional(),
});

export const totpConfirmBody = z.object({
  code: z.string({ message: '確認コードを入力してください。' }).trim().regex(/^\d{6}$/, { message: '確認コードは認証アプリに表示される6桁の数字で入力してください。' }),
});

export const passwordConfirmBody = z.object({
  password: password.min(1, { message: 'パスワードを入力してください。' }),
});

export const activateBody = z.object({
  municipalityCode: loginBody.shape.municipalityCode,
  loginId: loginBody.shape.loginId,
  code: z.string({ message: '有効化コードを入力してください。' }).trim().min(1, { message: '有効化コードを入力してください。' }).max(64, { message: '有効化コードが長すぎます。' }),
  newPassword: password,
});

export const passwordChangeBody = z.object({
  currentPassword: password.min(1, { message: '現在のパスワードを入力してください。' }),
  newPassword: password,
});

export const userCreateBody = z.object({
  loginId: z.string({ message: 'ログインIDを入力してください。' }).max(64, { message: 'ログインIDは64文字以内にしてください。' }),
  name,
  email: email.optional(),
  role,
  departmentIds: departmentIds.optional(),
  password,
});

export const userPatchBody = z.object({
  version: z.number({ message: '版（version）を指定してください。' }).int(),
  name: name.optional(),
  email: email.optional(),
  role: role.optional(),
  departmentIds: departmentIds.optional(),
  disabled: z.boolean().optional(),
});

export const passwordResetBody = z.object({ password });
