import { TaxonomyPage } from '../components/TaxonomyPage';

export default function Categories() {
  return <TaxonomyPage kind="category" />;
}
