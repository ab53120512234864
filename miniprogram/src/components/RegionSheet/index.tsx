import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { citiesOf, districtsOf, provinces, regionAt, type RegionIndexes, type RegionNode, type RegionPick } from '@shop/types/src/regions';
import Sheet from '../Sheet';
import './index.scss';

interface Props {
  visible: boolean;
  /** where to open (the address's region), or null to start at the province list */
  at: RegionIndexes | null;
  onClose: () => void;
  onPick: (pick: RegionPick, at: RegionIndexes) => void;
}

type Level = 0 | 1 | 2;
const LEVEL_TEXT = ['省份', '城市', '区县'];

/**
 * 所在地区: province, then city, then district, each a list of the region table (types/src/regions.ts). The tabs on
 * top show what is picked and go back a level; a city without districts finishes at the city.
 */
export default function RegionSheet({ visible, at, onClose, onPick }: Props) {
  const [path, setPath] = useState<number[]>([]);
  const [level, setLevel] = useState<Level>(0);
  useEffect(() => {
    if (!visible) return;
    const start = at ? at.filter((i) => i >= 0) : [];
    setPath(start);
    setLevel((start.length >= 2 && !districtsOf(start[0], start[1]).length ? 1 : Math.min(start.length, 2)) as Level);
  }, [visible, at]);

  const lists: RegionNode[][] = [provinces(), path.length > 0 ? citiesOf(path[0]) : [], path.length > 1 ? districtsOf(path[0], path[1]) : []];
  const choose = (i: number) => {
    const next = [...path.slice(0, level), i];
    const done = level === 2 || (level === 1 && districtsOf(next[0], next[1]).length === 0);
    if (done) {
      const indexes: RegionIndexes = [next[0], next[1], next[2] ?? -1];
      onPick(regionAt(indexes), indexes);
      return;
    }
    setPath(next);
    setLevel((level + 1) as Level);
  };
  const tabs = ([0, 1, 2] as Level[]).filter((l) => l <= path.length && lists[l].length > 0);

  return (
    <Sheet visible={visible} title="所在地区" onClose={onClose} className="region-sheet">
      <View className="region-tabs">
        {tabs.map((l) => (
          <Text key={l} className={`region-tab${l === level ? ' region-tab--on' : ''}`} data-level={l} onClick={() => setLevel(l)}>
            {path[l] !== undefined && l < path.length && lists[l][path[l]] ? lists[l][path[l]].name : `请选择${LEVEL_TEXT[l]}`}
          </Text>
        ))}
      </View>
      <View className="region-list" data-level={level}>
        {lists[level].map((n, i) => (
          <View key={n.code} className={`region-item${path[level] === i ? ' region-item--on' : ''}`} data-code={n.code} onClick={() => choose(i)}>
            {n.name}
          </View>
        ))}
      </View>
    </Sheet>
  );
}
