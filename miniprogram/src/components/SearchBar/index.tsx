import { Image, Text, View } from '@tarojs/components';
import searchIcon from '../../assets/icons/search.png';
import { openSearch } from '../../lib/nav';

/** The tap-to-search bar on home and categories; opens the search page. Styles in app.scss (.search-bar). */
export default function SearchBar({ placeholder = '搜索商品' }: { placeholder?: string }) {
  return (
    <View className="search-bar" onClick={() => openSearch()}>
      <Image className="search-bar__icon" src={searchIcon} />
      <Text className="search-bar__placeholder">{placeholder}</Text>
    </View>
  );
}

export { searchIcon };
