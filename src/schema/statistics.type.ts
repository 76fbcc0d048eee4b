import { Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType('CategoryAppCount')
export class CategoryAppCountNode {
  @Field(() => ID) categoryId!: string;
  @Field(() => String) name!: string;
  @Field(() => Int, { description: 'Apps of the category that are not deleted.' }) appCount!: number;
}

@ObjectType('DeployCount', { description: 'Deploys (instances ever created) of an app, or of one of its versions.' })
export class DeployCountNode {
  @Field(() => ID) appId!: string;
  @Field(() => String) appName!: string;
  @Field(() => ID, { nullable: true }) versionId?: string | null;
  @Field(() => String, { nullable: true }) versionName?: string | null;
  @Field(() => Int) deploys!: number;
}

@ObjectType('PlatformStatistics', { description: 'Platform-wide figures for administrators (PRODUCT.md F3).' })
export class PlatformStatisticsNode {
  @Field(() => Int, { description: 'Apps that are not deleted.' }) apps!: number;
  @Field(() => Int) activeApps!: number;
  @Field(() => Int, { description: 'Versions that are not deleted.' }) versions!: number;
  @Field(() => Int) repos!: number;
  @Field(() => Int) runtimes!: number;
  @Field(() => Int, { description: 'Instances ever deployed.' }) deploys!: number;
  @Field(() => Int, { description: 'Instances neither deleted nor ceased.' }) liveInstances!: number;
  @Field(() => [CategoryAppCountNode]) appsPerCategory!: CategoryAppCountNode[];
  @Field(() => [DeployCountNode]) mostDeployedApps!: DeployCountNode[];
  @Field(() => [DeployCountNode]) mostDeployedVersions!: DeployCountNode[];
}
