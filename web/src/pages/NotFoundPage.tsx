/** @jsxImportSource react */
import { PageHeading, useDocumentTitle } from '../components/ui';
import { Link, paths } from '../lib/router';

export function NotFoundPage() {
  useDocumentTitle('ページが見つかりません');
  return (
    <div className="py-8">
      <PageHeading>ページが見つかりません</PageHeading>
      <p className="mt-2 text-std-16N-170">URL が正しいか確認してください。</p>
      <p className="mt-4">
        <Link to={paths.home()}>トップページへ戻る</Link>
      </p>
    </div>
  );
}
