import { TaxonomyPage } from '../components/TaxonomyPage';

export default function Brands() {
  return <TaxonomyPage kind="brand" />;
}
